"""JQL for the fake Jira: parsing (syntax), values (dates, durations, functions) and evaluation (engine)."""
