"""A text progress bar for long management commands (generate_benchmark_data, rebuild_keywords, …)."""

import sys
import time


class Progress:
    """A text progress bar on a stream: percentage, count, rate and ETA, redrawn at most 5 times a second."""

    def __init__(self, label, total, stream=None, width=30):
        self.label, self.total, self.stream, self.width = label, max(total, 0), stream or sys.stderr, width
        self.done = 0
        self.started = self.last = time.perf_counter()

    def update(self, n):
        self.done += n
        now = time.perf_counter()
        if now - self.last >= 0.2 or self.done >= self.total:
            self.last = now
            self._draw(now)

    def _draw(self, now):
        elapsed = max(now - self.started, 1e-9)
        rate = self.done / elapsed
        fraction = self.done / self.total if self.total else 1.0
        filled = int(self.width * min(fraction, 1.0))
        eta = (self.total - self.done) / rate if rate and self.done < self.total else 0
        self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (self.width - filled)}] {fraction:6.1%} "
                          f"{self.done:,}/{self.total:,} {rate:,.{1 if rate < 10 else 0}f}/s ETA {_clock(eta)}  ")
        self.stream.flush()

    def set(self, done, total):
        """For callers that report their position (`done` of `total`) rather than increments."""
        self.total = total
        self.update(done - self.done)

    def finish(self):
        if self.done < self.total or not self.total:
            self._draw(time.perf_counter())
        self.stream.write("\n")
        self.stream.flush()
        return time.perf_counter() - self.started


def _clock(seconds):
    seconds = int(round(seconds))
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
