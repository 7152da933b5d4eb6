#!/usr/bin/env bash
# Opens a wafr control matrix in LibreOffice (headless) to check that it loads, and converts it
# to PDF (every sheet, as it prints), to one CSV per sheet, and (with poppler-utils) renders the
# first PDF page of every sheet to PNG to look at. Not part of `cargo test`.
#
#   scripts/check-xlsx-libreoffice.sh [WORKBOOK] [OUTDIR]
#
# Defaults: wafr-report/control-matrix.xlsx, a new temporary folder. Needs
# `apt-get install -y libreoffice-calc` (and poppler-utils for the PNGs). Exit 1 when a
# conversion fails or a sheet is missing from the CSVs.
set -euo pipefail

xlsx=${1:-wafr-report/control-matrix.xlsx}
out=${2:-$(mktemp -d)}
if ! command -v soffice >/dev/null; then
  echo "soffice not found: apt-get install -y libreoffice-calc" >&2
  exit 2
fi
[ -f "$xlsx" ] || { echo "no such workbook: $xlsx" >&2; exit 2; }
mkdir -p "$out"
out=$(cd "$out" && pwd)
base=$(basename "$xlsx" .xlsx)
# A profile of its own, so that a LibreOffice already running does not swallow the job.
lo=(soffice "-env:UserInstallation=file://$out/.lo-profile" --headless)

"${lo[@]}" --convert-to pdf --outdir "$out" "$xlsx" >/dev/null 2>&1 || true
[ -s "$out/$base.pdf" ] || { echo "LibreOffice could not convert $xlsx to PDF" >&2; exit 1; }

# CSV filter: comma, double quote, UTF-8, from row 1, cells as shown, every sheet (-1) to
# <name>-<sheet>.csv.
"${lo[@]}" --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1' \
  --outdir "$out" "$xlsx" >/dev/null 2>&1 || true
shopt -s nullglob
csvs=("$out/$base"-*.csv)
[ ${#csvs[@]} -gt 0 ] || { echo "LibreOffice wrote no CSV" >&2; exit 1; }

echo "PDF: $out/$base.pdf"
if command -v pdfinfo >/dev/null; then
  pdfinfo "$out/$base.pdf" | grep -E '^Pages:'
fi
echo "CSV per sheet (lines):"
for f in "${csvs[@]}"; do
  printf '  %6d  %s\n' "$(wc -l <"$f")" "$(basename "$f")"
done

if command -v pdftoppm >/dev/null && command -v pdftotext >/dev/null; then
  # The footer of every page names its sheet: render the first page of each sheet.
  pages=$(pdfinfo "$out/$base.pdf" | awk '/^Pages:/ {print $2}')
  last=""
  for ((p = 1; p <= pages; p++)); do
    sheet=$(pdftotext -f "$p" -l "$p" -layout "$out/$base.pdf" - | grep -E 'Page [0-9]+ of' | tail -1 |
      sed -E 's/^ *[^ ].*  +([^ ].*[^ ])  +Page [0-9]+ of [0-9]+ *$/\1/')
    if [ "$sheet" != "$last" ]; then
      pdftoppm -r 80 -f "$p" -l "$p" -png "$out/$base.pdf" "$out/page"
      echo "  page $p: $sheet"
      last=$sheet
    fi
  done
  echo "PNG: $out/page-*.png"
fi
