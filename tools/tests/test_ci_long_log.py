# SPDX-License-Identifier: GPL-2.0
"""ci/run-scenarios.sh --parse on a long console log: a scenario whose
DONE line comes early, followed by far more output than a pipe holds.
With `set -o pipefail`, `echo "$lines" | grep -q` reports failure when
grep quits at the match before echo has written everything (SIGPIPE), and
the scenario was counted as "ended early" although it finished: seen in
a main-6.1 boot once three scenarios shared it."""
from test_ci_counting import count, done


def test_early_done_in_long_log(tmp_path):
    lines = ["JHTEST BEGIN alpha\n", "JHTEST PASS alpha.one\n",
             done("alpha", 1, 0), "JHTEST BEGIN beta\n"]
    # INFO lines stay in what the parser greps, 300 KB of them.
    lines += [f"JHTEST INFO beta {i:05d} {'x' * 80}\n" for i in range(3000)]
    lines += ["JHTEST PASS beta.one\n", done("beta", 1, 0),
              "JHTEST POWEROFF\n"]
    passed, failed, res = count(tmp_path, "".join(lines))
    assert "alpha.done" not in res.stdout
    assert (passed, failed) == (3, 0), res.stdout[-500:]
