"""briefing: one YAML file in, a print-ready PDF, a web page and a 16:9 deck out.

The stages, one folder each (each ``__init__`` is the stage's verb):
content/ (YAML → Briefing) → html.py (→ web page) and pdf/ (→ PDF);
deck/ (plan → kinds → drawn slides → PPTX); build/ (what is stale, render
tasks, files moved into place together, report); cli.py (arguments → one
Options value → exit code).
"""

__version__ = "0.1.0"
