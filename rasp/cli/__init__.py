"""The ``rasp`` command line (see ``docs/cli.md`` and shared ``interfaces.md``)."""
