"""A headless command piped into `head` (the reader closes early) ends quietly, never with a traceback."""

import subprocess
import sys

from desktop_app.core.sample import write_sample


def test_report_into_a_closed_pipe_has_no_traceback(tmp_path):
    files = write_sample(tmp_path / "S")
    # the reader goes away while the report is still being computed (seconds): its first write meets the
    # closed pipe, as `report … | head -1` does once head has its line
    proc = subprocess.Popen([sys.executable, "-m", "desktop_app", "report", "--orders", str(files["orders_csv"]),
                             "--chats", str(files["chats_txt"]), "--json", "-"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()
    stderr = proc.stderr.read().decode("utf-8", "replace")
    proc.wait(timeout=120)
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr, stderr
    assert proc.returncode != 0  # the output was cut short: not a success
