"""Templates (Jinja2, Django): the code rules' view of `{{ appointment.urls.cancel.0 }}` and its markup.

Each engine's own lexer reads a template (readers.py) into one model (model.py): the lookup chains
of its expressions, with their spans, and the text that can hold a URL. Rules see only the model,
through a `check_template` classmethod next to their Python checks (rules/apt001...). check.py
finds template files, runs the rules, and applies fixes span by span.
"""
