"""The soak's CPU accounting (soak_harness.process_tree_cpu_s): a process tree's time, living and ended."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from soak_harness import process_tree_cpu_s  # noqa: E402

# Half a second of CPU in a child Python, then (for the living case) a pause before it ends.
BURN = "import time\nend = time.process_time() + 0.5\nwhile time.process_time() < end: pass\n"


def test_an_ended_child_counts_with_its_parent():
    before, own_before = process_tree_cpu_s(os.getpid()), time.process_time()

    subprocess.run([sys.executable, "-c", BURN], check=True)  # ended and reaped by this process

    grown = process_tree_cpu_s(os.getpid()) - before
    assert grown >= 0.45
    assert time.process_time() - own_before < grown  # the child's time, not this process's own


def test_a_living_grandchild_counts_with_the_root():
    # A child that starts a grandchild which burns and then waits: both alive while measured.
    script = (f"import subprocess, sys\nchild = subprocess.Popen([sys.executable, '-c', {BURN + 'time.sleep(30)'!r}])\n"
              "sys.stdout.write(str(child.pid) + '\\n'); sys.stdout.flush(); child.wait()\n")
    middle = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    grandchild = int(middle.stdout.readline())
    try:
        deadline = time.monotonic() + 20
        while process_tree_cpu_s(grandchild) < 0.45 and time.monotonic() < deadline:
            time.sleep(0.1)

        assert process_tree_cpu_s(middle.pid) >= process_tree_cpu_s(grandchild) >= 0.45
    finally:
        os.kill(grandchild, signal.SIGKILL)
        middle.wait(timeout=10)
        middle.stdout.close()


def test_no_process_is_no_time():
    assert process_tree_cpu_s(None) == 0
