"""Regenerate templates/fonts/ from the fonts shipped by Debian packages.

The PDF must look the same on every machine, so it uses only the fonts
bundled in templates/fonts/ (loaded through fonts.css; render with
FONTCONFIG_FILE=templates/fonts/fonts.conf to hide system fonts):

* Carlito (fonts-crosextra-carlito): Latin text, copied unchanged; the deck
  measures text with these exact files through Pillow.
* NanumGothic (fonts-nanum): Hangul only, subset to the 2,350 KS X 1001
  syllables plus the Hangul Jamo and Compatibility Jamo blocks.
* Noto Color Emoji (fonts-noto-color-emoji): colour emoji, copied unchanged
  (see README.md for the full-vs-subset measurements).

Also writes the LICENSE-*.txt files (taken from the Debian copyright files)
and fonts.css, whose emoji unicode-range is computed from the fonts.
README.md and fonts.conf are maintained by hand.

Needs: apt-get install fonts-crosextra-carlito fonts-nanum fonts-noto-color-emoji
Usage: python tools/make_fonts.py   (output is byte-for-byte reproducible)
"""

import re
import shutil
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

OUT = Path(__file__).resolve().parent.parent / 'templates' / 'fonts'
FONTS = Path('/usr/share/fonts/truetype')
DOCS = Path('/usr/share/doc')

CARLITO = {  # bundled name: (font-weight, font-style)
    'Carlito-Regular.ttf': (400, 'normal'),
    'Carlito-Bold.ttf': (700, 'normal'),
    'Carlito-Italic.ttf': (400, 'italic'),
    'Carlito-BoldItalic.ttf': (700, 'italic'),
}
NANUM = {  # bundled name: (Debian file, font-weight)
    'NanumGothic-Regular.ttf': ('NanumGothic.ttf', 400),
    'NanumGothic-Bold.ttf': ('NanumGothicBold.ttf', 700),
}
EMOJI = 'NotoColorEmoji.ttf'

HANGUL_JAMO = range(0x1100, 0x1200)
HANGUL_COMPATIBILITY_JAMO = range(0x3131, 0x318F)
HANGUL_CSS_RANGE = 'U+1100-11FF, U+3130-318F, U+AC00-D7A3'
# Pango keeps the current font for spaces, so a space after Hangul is taken
# from NanumGothic: keep its space glyphs (not in the CSS unicode-range).
SPACES = {0x20, 0xA0, 0x3000}

# The emoji font also maps digits, '#', '*' (for keycaps), (C), (R), TM,
# arrows... fonts.css sends it only what Carlito lacks, plus the zero-width
# joiner and the emoji variation selector (not in its cmap), so text
# characters stay text whatever the order of the font-family stack.
ZWJ, VS16 = 0x200D, 0xFE0F


def ks_x_1001_hangul():
    """Return the 2,350 Hangul syllables of KS X 1001 (the EUC-KR set)."""
    return {
        ord(bytes([high, low]).decode('euc-kr'))
        for high in range(0xB0, 0xC9)
        for low in range(0xA1, 0xFF)
    }


def copy_carlito():
    """Copy the four Carlito faces unchanged."""
    for name in CARLITO:
        shutil.copyfile(FONTS / 'crosextra' / name, OUT / name)


def subset_nanum():
    """Write Hangul-only subsets of NanumGothic Regular and Bold."""
    keep = (ks_x_1001_hangul() | set(HANGUL_JAMO)
            | set(HANGUL_COMPATIBILITY_JAMO) | SPACES)
    options = subset.Options()
    options.layout_features = ['*']  # keep every OpenType feature
    options.name_IDs = ['*']  # keep copyright, licence and Korean names
    options.name_languages = ['*']
    options.name_legacy = True
    options.notdef_outline = True
    options.recalc_timestamp = False
    options.drop_tables += ['TSI0', 'TSI1', 'TSI2', 'TSI3', 'TSI5']  # VTT sources
    for name, (source, _weight) in NANUM.items():
        font = subset.load_font(FONTS / 'nanum' / source, options)
        modified = font['head'].modified
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=keep & set(font.getBestCmap()))
        subsetter.subset(font)
        font['head'].modified = modified  # reproducible bytes
        subset.save_font(font, OUT / name, options)


def copy_emoji():
    """Copy Noto Color Emoji unchanged (full emoji coverage)."""
    shutil.copyfile(FONTS / 'noto' / EMOJI, OUT / EMOJI)


def emoji_code_points():
    """Return the code points fonts.css should send to the emoji font."""
    emoji = set(TTFont(OUT / EMOJI, lazy=True).getBestCmap())
    text = set(TTFont(OUT / 'Carlito-Regular.ttf', lazy=True).getBestCmap())
    return sorted(emoji - text | {ZWJ, VS16})


def css_ranges(code_points):
    """Turn sorted code points into CSS unicode-range items."""
    ranges = []
    for cp in code_points:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    return [
        f'U+{start:X}' if start == end else f'U+{start:X}-{end:X}'
        for start, end in ranges]


def font_face(family, url, unicode_range=None, weight=None, style=None):
    """Return one @font-face rule."""
    lines = [f'  font-family: "{family}";', f'  src: url("{url}");']
    if weight:
        lines.append(f'  font-weight: {weight};')
    if style:
        lines.append(f'  font-style: {style};')
    if unicode_range:
        items, line = [], '  unicode-range:'
        for item in unicode_range:  # wrap to keep the file readable
            if len(line) + len(item) > 76:
                items.append(line)
                line = '   '
            line += f' {item},'
        items.append(line[:-1] + ';')
        lines.extend(items)
    return '@font-face {\n' + '\n'.join(lines) + '\n}\n'


def write_css():
    """Write fonts.css with relative URLs (they resolve against the CSS)."""
    rules = [
        '/* Generated by tools/make_fonts.py; do not edit.\n'
        '   Use: font-family: "Carlito", "Nanum Gothic", "Noto Color Emoji"; */\n'
    ]
    for name, (weight, style) in CARLITO.items():
        rules.append(font_face('Carlito', name, weight=weight, style=style))
    for name, (_source, weight) in NANUM.items():
        rules.append(font_face(
            'Nanum Gothic', name, HANGUL_CSS_RANGE.split(', '), weight=weight))
    # No font-weight: the single emoji face then also serves bold text.
    rules.append(font_face(
        'Noto Color Emoji', EMOJI, css_ranges(emoji_code_points())))
    (OUT / 'fonts.css').write_text('\n'.join(rules), encoding='utf-8')


def debian_paragraphs(package):
    """Split a Debian (DEP-5) copyright file into field dictionaries."""
    text = (DOCS / package / 'copyright').read_text(encoding='utf-8')
    paragraphs = []
    for block in re.split(r'\n\s*\n', text):
        fields, key = {}, None
        for line in block.splitlines():
            if line[:1] in (' ', '\t') and key:
                fields[key].append(line[1:].rstrip())
            elif ':' in line:
                key, value = line.split(':', 1)
                fields[key] = [value.strip()]
        paragraphs.append(fields)
    return paragraphs


def licence_body(lines):
    """Turn DEP-5 continuation lines into plain text ('.' = blank line)."""
    return '\n'.join('' if line == '.' else line for line in lines).strip()


def write_licence(package, files, out_name, fonts, font_file):
    """Write LICENSE-*.txt: provenance, copyright lines and full OFL text."""
    notice = TTFont(font_file, lazy=True)['name'].getDebugName(0)
    paragraphs = debian_paragraphs(package)
    source = next(p['Source'][0] for p in paragraphs if 'Source' in p)
    stanza = next(p for p in paragraphs if p.get('Files', [''])[0] == files)
    copyright_lines = [line.strip() for line in stanza['Copyright'] if line]
    name = stanza['License'][0]
    body = stanza['License'][1:] or next(
        p['License'][1:] for p in paragraphs
        if p.get('License', [''])[0] == name and 'Files' not in p)
    text = licence_body(body)
    # Debian's Carlito text turned the OFL's dashes into '?'.
    text = text.replace('substituting ? in part or in whole ?',
                        'substituting -- in part or in whole --')
    header = (
        f'Fonts: {fonts}\n'
        f'From the Debian package {package} (upstream: {source})\n'
        f'Copyright: ' + '\n           '.join(copyright_lines) + '\n'
        f'Notice in the font files: {notice}\n'
        f'License: SIL Open Font License 1.1 (OFL-1.1), full text below.\n'
    )
    (OUT / out_name).write_text(f'{header}\n{"-" * 72}\n\n{text}\n',
                              encoding='utf-8')


def write_licences():
    """Write the three licence files next to the fonts."""
    write_licence('fonts-crosextra-carlito', '*', 'LICENSE-Carlito.txt',
                  ', '.join(CARLITO), OUT / 'Carlito-Regular.ttf')
    write_licence('fonts-nanum', '*', 'LICENSE-Nanum.txt',
                  ', '.join(NANUM) + ' (subsets of NanumGothic)',
                  OUT / 'NanumGothic-Regular.ttf')
    write_licence('fonts-noto-color-emoji', 'fonts/*',
                  'LICENSE-NotoColorEmoji.txt', EMOJI, OUT / EMOJI)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    copy_carlito()
    subset_nanum()
    copy_emoji()
    write_css()
    write_licences()
    for path in sorted(OUT.iterdir()):
        print(f'{path.stat().st_size:>10,}  {path.name}')


if __name__ == '__main__':
    main()
