#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with seed inputs from examples/, tests/fixtures/ and tests/corpus/
# (corpus/ is not committed: the fuzzer adds to it as it runs). Needs python3 for the XML parts.
set -euo pipefail
cd "$(dirname "$0")"
root=..
c=corpus
mkdir -p $c/native_json $c/wa_json $c/csv $c/xlsx $c/ods $c/xls $c/mappings $c/folder_walk
# folder_walk: a few trees (a file; a link to `.`; a link out; a FIFO beside a review).
printf "\\001\\000\\002\\000" > $c/folder_walk/file
printf "\\002\\000\\000\\000" > $c/folder_walk/loop
printf "\\002\\000\\001\\000\\002\\001\\000\\001\\000" > $c/folder_walk/out
printf "\\003\\000\\002\\001\\001\\000\\003\\000" > $c/folder_walk/fifo
cp $root/examples/northwind/*.json $root/tests/corpus/json/*.json $c/native_json/
cp $root/examples/northwind/wa-tool-export.json $root/tests/corpus/json/wa-*.json $c/wa_json/
cp $root/tests/corpus/sheets/*.csv $c/csv/ 2>/dev/null || true
cp $root/tests/fixtures/sheets/*.xlsx $c/xlsx/
cp $root/tests/fixtures/sheets/*.ods $c/ods/
cp $root/tests/fixtures/sheets/*.xls $c/xls/
cp $root/tests/corpus/sheets/*.xlsx $c/xlsx/ 2>/dev/null || true
cp $root/tests/corpus/sheets/*.ods $c/ods/ 2>/dev/null || true
cp $root/tests/corpus/sheets/*.xls $c/xls/ 2>/dev/null || true
python3 - "$root" "$c" <<'PY'
import sys, zipfile, pathlib
root, c = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
fx = root / "tests/fixtures/sheets"
# XML seeds: the worksheets and content of the LibreOffice-saved example workbooks.
with zipfile.ZipFile(fx / "northwind-libreoffice.xlsx") as z:
    for n in z.namelist():
        if n.startswith("xl/worksheets/sheet"):
            (c / "xlsx" / ("xml-" + n.replace("/", "_"))).write_bytes(z.read(n))
with zipfile.ZipFile(fx / "northwind-libreoffice.ods") as z:
    (c / "ods" / "xml-content.xml").write_bytes(z.read("content.xml"))
# CSV seeds: the answers of the example in a few layouts.
(c / "csv" / "answers.csv").write_text(
    "BP,Status,Notes,Owner,Evidence\nSEC01-BP01,Yes,\"a note, quoted\",Ana,EV-1\nSEC02-BP02,No,=HYPERLINK(\"x\"),,\n")
(c / "csv" / "semicolon.csv").write_text("Question;Choice;Selected\nSEC01;sec_securely_operate_multi_accounts;X\nSEC02;;NA\n")
(c / "csv" / "tsv.csv").write_text("bp_id\tstatus\tnotes\nsec_securely_operate_multi_accounts\timplemented\tok\n")
# Mapping seeds: each built-in file, prefixed with the byte that picks its path.
paths = ["lens/wa-security.toml", "lens/wa-security-legacy.csv", "frameworks/soc2-tsc-2017.toml",
         "frameworks/iso27001-2022.toml", "frameworks/gdpr-2016.toml",
         "crosswalks/wa-security__soc2-tsc-2017.csv", "crosswalks/wa-security__iso27001-2022.csv",
         "crosswalks/wa-security__gdpr-2016.csv"]
for i, p in enumerate(paths):
    (c / "mappings" / f"{i}-{p.replace('/', '_')}").write_bytes(bytes([i]) + (root / "mappings" / p).read_bytes())
for d in (root / "tests/fixtures/mappings").iterdir():
    for f in d.rglob("*"):
        if f.is_file():
            i = 8 if f.suffix == ".toml" else 9
            (c / "mappings" / f"x-{d.name}-{f.name}").write_bytes(bytes([i]) + f.read_bytes())
PY
echo "seeded: $(for t in $c/*; do printf '%s=%s ' "$(basename $t)" "$(ls $t | wc -l)"; done)"
