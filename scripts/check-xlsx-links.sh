#!/usr/bin/env bash
# Checks that the internal hyperlinks of a wafr control matrix (an evidence id to its row in the
# Evidence register, a practice to its Answers row, a control to its matrix row…) point at
# existing cells that hold what the link shows, in the workbook as written and after LibreOffice
# (headless) has converted it to .ods and saved it again as .xlsx. Not part of `cargo test`.
#
#   scripts/check-xlsx-links.sh [WORKBOOK] [OUTDIR]
#
# Defaults: wafr-report/control-matrix.xlsx, a new temporary folder. Needs python3 and
# `apt-get install -y libreoffice-calc`. A link passes when its sheet exists, the cell it points
# at is not empty, and the linking cell's text contains the target cell's text (the README's
# links to a sheet point at A1 and only need the sheet). Exit 1 when a link fails or a
# conversion loses links. In the .ods, LibreOffice writes most links as `#'Sheet'.C7` but keeps
# Excel's `#'Sheet'!C7` for cells of several lines; LibreOffice 7.4 follows both (its
# jump-to-mark, `.uno:JumpToMark`, lands on the same cell), so both are read.
set -euo pipefail

xlsx=${1:-wafr-report/control-matrix.xlsx}
out=${2:-$(mktemp -d)}
if ! command -v soffice >/dev/null; then
  echo "soffice not found: apt-get install -y libreoffice-calc" >&2
  exit 2
fi
[ -f "$xlsx" ] || { echo "no such workbook: $xlsx" >&2; exit 2; }
mkdir -p "$out/roundtrip"
out=$(cd "$out" && pwd)
base=$(basename "$xlsx" .xlsx)
# A profile of its own, so that a LibreOffice already running does not swallow the job.
lo=(soffice "-env:UserInstallation=file://$out/.lo-profile" --headless)

"${lo[@]}" --convert-to ods --outdir "$out" "$xlsx" >/dev/null 2>&1 || true
[ -s "$out/$base.ods" ] || { echo "LibreOffice could not convert $xlsx to .ods" >&2; exit 1; }
"${lo[@]}" --convert-to 'xlsx:Calc MS Excel 2007 XML' --outdir "$out/roundtrip" "$xlsx" >/dev/null 2>&1 || true
[ -s "$out/roundtrip/$base.xlsx" ] || { echo "LibreOffice could not save $xlsx again as .xlsx" >&2; exit 1; }

python3 - "$xlsx" "$out/$base.ods" "$out/roundtrip/$base.xlsx" <<'PY'
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
}


def q(prefix, tag):
    return "{%s}%s" % (NS[prefix], tag)


def norm(s):
    return " ".join(s.split())


def col_index(letters):
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - ord("A") + 1
    return n - 1


def split_ref(ref):
    m = re.fullmatch(r"\$?([A-Z]+)\$?([0-9]+)", ref)
    if not m:
        raise ValueError(ref)
    return int(m.group(2)) - 1, col_index(m.group(1))


def unquote(sheet):
    if sheet.startswith("'") and sheet.endswith("'"):
        return sheet[1:-1].replace("''", "'")
    return sheet


def read_xlsx(path):
    """Every sheet's cells {(row, col): text} and internal links [(sheet, (row, col), location)]."""
    z = zipfile.ZipFile(path)
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
            shared.append("".join(t.text or "" for t in si.iter(q("m", "t"))))
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels.findall("rel:Relationship", NS)}
    cells, links = {}, []
    for sh in wb.find("m:sheets", NS).findall("m:sheet", NS):
        name = sh.get("name")
        part = target[sh.get(q("r", "id"))].lstrip("/")
        part = part if part.startswith("xl/") else "xl/" + part
        root = ET.fromstring(z.read(part))
        grid = {}
        for c in root.iter(q("m", "c")):
            t = c.get("t")
            v = c.find("m:v", NS)
            if t == "s" and v is not None:
                text = shared[int(v.text)]
            elif t == "inlineStr":
                text = "".join(x.text or "" for x in c.iter(q("m", "t")))
            else:
                text = v.text if v is not None and v.text else ""
            grid[split_ref(c.get("r"))] = text
        cells[name] = grid
        hl = root.find("m:hyperlinks", NS)
        for h in hl.findall("m:hyperlink", NS) if hl is not None else []:
            if h.get("location") and not h.get(q("r", "id")):
                first = h.get("ref").split(":")[0]
                links.append((name, split_ref(first), h.get("location")))
    return cells, links


def parse_xlsx_location(loc):
    sheet, _, ref = loc.rpartition("!")
    return unquote(sheet), split_ref(ref.split(":")[0])


def read_ods(path):
    """The same from an OpenDocument spreadsheet (links are text:a with href `#'Sheet'.C7`)."""
    root = ET.fromstring(zipfile.ZipFile(path).read("content.xml"))
    cells, links = {}, []
    for table in root.iter(q("table", "table")):
        name = table.get(q("table", "name"))
        grid = {}
        row = 0
        for tr in table.iter(q("table", "table-row")):
            rep = int(tr.get(q("table", "number-rows-repeated"), "1"))
            col = 0
            for tc in tr:
                if tc.tag not in (q("table", "table-cell"), q("table", "covered-table-cell")):
                    continue
                crep = int(tc.get(q("table", "number-columns-repeated"), "1"))
                paras = tc.findall("text:p", NS)
                if paras:
                    text = "\n".join("".join(p.itertext()) for p in paras)
                    for r in range(rep):
                        for k in range(crep):
                            grid[(row + r, col + k)] = text
                    for a in tc.iter(q("text", "a")):
                        href = a.get(q("xlink", "href"), "")
                        if href.startswith("#"):
                            links.append((name, (row, col), href[1:]))
                col += crep
            row += rep
        cells[name] = grid
    return cells, links


def parse_ods_location(loc):
    """`'Sheet'.C7`, LibreOffice's own form; or `'Sheet'!C7`, Excel's, which LibreOffice keeps
    for links in cells of several lines and follows alike (its jump-to-mark reads both)."""
    if loc.startswith("'"):
        i = 1
        while True:
            j = loc.index("'", i)
            if loc[j + 1 : j + 2] == "'":
                i = j + 2
                continue
            break
        sheet, sep, ref = loc[: j + 1], loc[j + 1], loc[j + 2 :]
        if sep not in ".!":
            raise ValueError(loc)
    else:
        k = max(loc.rfind("."), loc.rfind("!"))
        sheet, ref = loc[:k], loc[k + 1 :]
    return unquote(sheet), split_ref(ref.split(":")[0])


def check(label, cells, links, parse):
    bad = []
    for sheet, at, loc in links:
        try:
            tsheet, tat = parse(loc)
        except ValueError:
            bad.append(f"{sheet} {at}: cannot read {loc!r}")
            continue
        if tsheet not in cells:
            bad.append(f"{sheet} {at}: {loc!r} names no sheet")
            continue
        if sheet == "README" and tat == (0, 0):
            continue
        target = norm(cells[tsheet].get(tat, ""))
        shown = norm(cells[sheet].get(at, ""))
        if not target:
            bad.append(f"{sheet} {at}: {loc!r} points at an empty cell")
        elif target not in shown:
            bad.append(f"{sheet} {at}: {shown[:60]!r} links to {loc!r}, which holds {target[:60]!r}")
    per_sheet = {}
    for sheet, _, _ in links:
        per_sheet[sheet] = per_sheet.get(sheet, 0) + 1
    print(f"{label}: {len(links)} internal links, {len(bad)} broken")
    for s, n in sorted(per_sheet.items()):
        print(f"  {n:6d}  {s}")
    for b in bad[:20]:
        print("  BROKEN", b)
    return len(links), bad


orig, ods, rt = sys.argv[1:4]
failed = False
n0, bad = check("written", *read_xlsx(orig), parse_xlsx_location)
failed |= bool(bad) or n0 == 0
for label, (cells, links), parse in [
    ("LibreOffice .ods", read_ods(ods), parse_ods_location),
    ("LibreOffice .xlsx again", read_xlsx(rt), parse_xlsx_location),
]:
    n, bad = check(label, cells, links, parse)
    if n != n0:
        print(f"  LOST: {n0} links written, {n} after conversion")
        failed = True
    failed |= bool(bad)
print("FAIL" if failed else "OK: every link survives and points at its row")
sys.exit(1 if failed else 0)
PY
