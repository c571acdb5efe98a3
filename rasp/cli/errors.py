"""How sub-commands report a user error: one line, exit code 1, never a traceback."""


class UserError(Exception):
    """A problem with what the user gave us (a file, a value). The message names what and where."""
