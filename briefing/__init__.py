"""briefing: one YAML file in, a print-ready PDF, an HTML page and a 16:9 deck out.

The pipeline, one module per stage:
content (YAML → Briefing) → markdown → html → pdf; deck (plan) → slides (python-pptx);
build (stale check, atomic writes) under cli (arguments → exit code).
"""

__version__ = "0.1.0"
