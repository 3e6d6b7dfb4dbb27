"""Content file (YAML) → Briefing: the one immutable value every later stage reads.

``load_briefing`` is the only way in: it is the only code that sees raw YAML
and the only source of located content errors (``FILE:LINE:COL: field: …``).
"""

from .load import load_briefing
from .model import Briefing

__all__ = ["Briefing", "load_briefing"]
