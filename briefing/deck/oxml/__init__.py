"""The XML layer: the raw DrawingML/PresentationML the python-pptx API does not reach.

Every function takes python-pptx objects and reads or edits their XML. Nothing
outside this folder imports lxml or touches python-pptx's private attributes
(tests/test_layers.py holds it to that). ``shapes``: placeholders, tables, alt
text; ``text``: frames, paragraphs, runs, notes; ``theme``: the template's
colours, fonts, backgrounds and decorations.
"""
