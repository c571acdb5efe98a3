"""The question bank as data: schema, loading and checks. Pure Python, no Django."""
