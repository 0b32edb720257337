"""Fill empty msgstr entries of a .po file from a TSV-like dict file (english\tdutch)."""
import re, sys
po, table = sys.argv[1], sys.argv[2]
tr = {}
for line in open(table, encoding="utf-8"):
    line = line.rstrip("\n")
    if not line.strip() or "\t" not in line: continue
    en, nl = line.split("\t", 1)
    tr[en] = nl
s = open(po, encoding="utf-8").read()
def esc(t): return t.replace("\\", "\\\\").replace('"', '\\"')
def unesc(t): return t.replace('\\"', '"').replace("\\\\", "\\")
blocks = s.split("\n\n")
missing = []
out = []
for b in blocks:
    m = re.search(r'^msgid ((?:".*"\n?)+)', b, re.M)
    if m and 'msgid_plural' not in b:
        mid = unesc(''.join(re.findall(r'"(.*)"', m.group(1))))
        ms = re.search(r'^msgstr ((?:".*"\n?)+)', b, re.M)
        cur = ''.join(re.findall(r'"(.*)"', ms.group(1))) if ms else ''
        if mid and (not cur or '#, fuzzy' in b):
            if mid in tr:
                b = b[:ms.start()] + f'msgstr "{esc(tr[mid])}"' + ("\n" if b[ms.end()-1:ms.end()]=="\n" and ms.end()<len(b) else "") + b[ms.end():]
                b = b.replace("#, fuzzy\n", "").replace(", fuzzy", "")
            else:
                missing.append(mid)
    out.append(b)
open(po, "w", encoding="utf-8").write("\n\n".join(out))
print("missing:", len(missing))
for m in missing: print("  ", m)
