"""Retake the README's screenshots (docs/img/serve.png, docs/img/report.png).

Builds the fictional newsroom database the browser tests use
(tests/newsroom.py), serves it with ``claimtrack serve``, and photographs
the open-contradictions page and the HTML report with headless Chromium;
``pngquant``, when installed, makes the files small.

    .venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "docs" / "img"


def shoot(url: str, dest: Path, size: str, profile: Path) -> None:
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                    "--hide-scrollbars", f"--user-data-dir={profile}", f"--window-size={size}",
                    f"--screenshot={dest}", url], check=True, capture_output=True, timeout=120)
    if shutil.which("pngquant"):
        subprocess.run(["pngquant", "--force", "--skip-if-larger", "--output", str(dest),
                        "32", str(dest)], check=False)


def main() -> int:
    sys.path.insert(0, str(REPO))
    from tests.newsroom import build

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "newsroom.db"
        build(db)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        cmd = [sys.executable, "-m", "claimtrack", "--db", str(db)]
        server = subprocess.Popen([*cmd, "serve", "--port", str(port)])
        try:
            for _ in range(300):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.2)
            shoot(f"http://127.0.0.1:{port}/report/open_contradictions", OUT / "serve.png",
                  "1200,560", Path(tmp) / "profile")
        finally:
            server.terminate()
            server.wait(timeout=10)
        story = Path(tmp) / "story.html"
        subprocess.run([*cmd, "report", "-o", str(story)], check=True)
        shoot(story.as_uri(), OUT / "report.png", "900,1250", Path(tmp) / "profile")
    for f in ("serve.png", "report.png"):
        print(f"{OUT / f}: {(OUT / f).stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
