# Golden comparisons (model dumps, EPUB entries, pdftotext, layout traces).
"$TOP/tests/golden.sh"
