"""The importer: reader.py reads pasted minutes text into parsed records (pure, no database), save.py saves them
(a preview is a rolled-back save), admin.py is the admin's import view."""
