"""Package data for the compiler (derived tables, loaded with importlib.resources)."""
