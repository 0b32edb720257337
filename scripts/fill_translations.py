"""Fill empty (or fuzzy) msgstr entries of a .po file.

    python scripts/fill_translations.py locale/nl/LC_MESSAGES/django.po TABLE [TABLE ...]

Each TABLE is either a tab-separated file ("english<TAB>dutch" per line) or another .po file
whose translations are reused (handy after a merge: regenerate with `make makemessages`, then
fill from both sides' old catalogues). Prints the msgids that are still missing.
Plural entries (msgid_plural) are left alone.
"""

import re
import sys


def _unescape(text):
    return text.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


def _escape(text):
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _field(block, name):
    match = re.search(rf'^{name} ((?:".*"\n?)+)', block, re.M)
    if not match:
        return None, None
    return match, _unescape("".join(re.findall(r'"(.*)"', match.group(1))))


def _plural(block):
    """A plural entry; a fuzzy entry's previous msgid ("#| msgid_plural") is only a comment."""
    return re.search(r"^msgid_plural ", block, re.M) is not None


def read_po(path):
    table = {}
    for block in open(path, encoding="utf-8").read().split("\n\n"):
        if _plural(block) or "#, fuzzy" in block:
            continue
        _m, msgid = _field(block, "msgid")
        _s, msgstr = _field(block, "msgstr")
        if msgid and msgstr:
            table[msgid] = msgstr
    return table


def read_table(path):
    if path.endswith(".po"):
        return read_po(path)
    table = {}
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if "\t" in line:
            english, dutch = line.split("\t", 1)
            table[english] = dutch
    return table


def main(po_path, *tables):
    translations = {}
    for table in tables:
        translations.update(read_table(table))
    blocks = open(po_path, encoding="utf-8").read().split("\n\n")
    missing, out = [], []
    for block in blocks:
        id_match, msgid = _field(block, "msgid")
        str_match, msgstr = _field(block, "msgstr")
        if id_match and str_match and msgid and not _plural(block) and (
            not msgstr or "#, fuzzy" in block
        ):
            if msgid in translations:
                end = str_match.end()
                tail = "\n" if block[end - 1:end] == "\n" and end < len(block) else ""
                block = (block[:str_match.start()] + f'msgstr "{_escape(translations[msgid])}"'
                         + tail + block[end:])
                block = block.replace("#, fuzzy\n", "").replace(", fuzzy", "")
                # the previous msgid a fuzzy match left as a comment ("#| ...") goes too
                block = re.sub(r"^#\| .*\n", "", block, flags=re.M)
            else:
                missing.append(msgid)
        out.append(block)
    open(po_path, "w", encoding="utf-8").write("\n\n".join(out))
    print(f"missing: {len(missing)}")
    for msgid in missing:
        print("  ", msgid)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(*sys.argv[1:])
