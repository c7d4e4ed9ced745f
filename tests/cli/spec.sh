# Spec examples (tests/spec/*.txt): small inputs of every vocabulary and
# the model dump galley makes of them, one ok/FAIL line per example.
$PYTHON "$TOP/tests/spec/run.py" --galley "$GALLEY"
