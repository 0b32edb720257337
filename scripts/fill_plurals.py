"""Fill empty plural entries (msgid_plural) of a .po file from other catalogues.

    python scripts/fill_plurals.py locale/nl/LC_MESSAGES/django.po OLD.po [OLD.po ...]

The companion of fill_translations.py (which leaves plural entries alone) after a merge.
Prints the plural msgids that are still missing.
"""

import re
import sys


def _blocks(text):
    return re.split(r"\n\n", text)


def _key(block):
    msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
    plural = re.search(r'^msgid_plural ((?:".*"\n?)+)', block, re.M)
    if not (msgid and plural):
        return None
    return "".join(re.findall(r'"(.*)"', msgid.group(1))), "".join(
        re.findall(r'"(.*)"', plural.group(1)))


def _forms(block):
    return {int(n): "".join(re.findall(r'"(.*)"', body))
            for n, body in re.findall(r'^msgstr\[(\d+)\] ((?:".*"\n?)+)', block, re.M)}


def main(target, *sources):
    known = {}
    for source in sources:
        for block in _blocks(open(source, encoding="utf-8").read()):
            key = _key(block)
            fuzzy = re.search(r"^#,.*\bfuzzy\b", block, re.M)
            if key and not fuzzy and _forms(block) and all(_forms(block).values()):
                known.setdefault(key, block[block.index("msgstr["):])
    text = open(target, encoding="utf-8").read()
    out, missing = [], []
    for block in _blocks(text):
        key = _key(block)
        fuzzy = re.search(r"^#,.*\bfuzzy\b", block, re.M)
        if key and (fuzzy or not all(_forms(block).values())):
            if key in known:
                block = block[:block.index("msgstr[")] + known[key].rstrip("\n")
                block = re.sub(r"^#\| .*\n", "", block, flags=re.M)
                block = re.sub(r"^#, fuzzy\n", "", block, flags=re.M)
                block = re.sub(r"^(#,.*?)fuzzy, ", r"\1", block, flags=re.M)
            else:
                missing.append(key[0])
        out.append(block)
    open(target, "w", encoding="utf-8").write("\n\n".join(out))
    print(f"missing plurals: {len(missing)}")
    for msgid in missing:
        print("  ", msgid)


if __name__ == "__main__":
    main(*sys.argv[1:])
