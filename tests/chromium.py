"""Debian's Chromium as this workplace runs it: headless, no sandbox (root), and no background network traffic
(the machine's closed network refuses it). Used by the browser tests and the PDF benchmark."""

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
