"""Run the SSI FastConnect simulator as a demo server.

    python -m simulators.ssi_fastconnect --port 8765 [--key-out demo_key.txt]

Generates a throwaway RSA key, registers the demo user (see demo.py) and prints what a
client needs. The private key is written to ``--key-out`` (mode 0600) when given, never
printed. Ctrl-C stops the server.
"""

from __future__ import annotations

import argparse
import base64
import os
import signal
import threading
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import rsa

from .demo import seed_demo
from .server import SsiSimulator
from .state import OTP, PIN


def _ssi_xml(key: rsa.RSAPrivateKey) -> str:
    """Base64 of the .NET <RSAKeyValue> document, the format SSI's iBoard hands out."""
    n = key.private_numbers()

    def b64(v: int) -> str:
        return base64.b64encode(v.to_bytes((v.bit_length() + 7) // 8, "big")).decode()

    parts = {"Modulus": n.public_numbers.n, "Exponent": n.public_numbers.e, "P": n.p,
             "Q": n.q, "DP": n.dmp1, "DQ": n.dmq1, "InverseQ": n.iqmp, "D": n.d}
    xml = "<RSAKeyValue>" + "".join(f"<{k}>{b64(v)}</{k}>" for k, v in parts.items())
    return base64.b64encode((xml + "</RSAKeyValue>").encode()).decode()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m simulators.ssi_fastconnect",
                                     description="Local SSI FastConnect Trading simulator")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--key-out", type=Path, help="write the demo private key here")
    parser.add_argument("--two-factor", choices=("PIN", "OTP"), default="PIN",
                        help="how the demo user verifies orders (OTP codes are printed here)")
    args = parser.parse_args(argv)

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    sim = SsiSimulator(host=args.host, port=args.port)
    user = seed_demo(sim.state, key.public_key(),
                     two_factor_type=OTP if args.two_factor == "OTP" else PIN)
    # what the SMS / e-mail / Smart OTP app would show the user
    sim.state.on_otp = lambda consumer, code: print(f"OTP for {consumer[:6]}…: {code}",
                                                    flush=True)
    if args.key_out:
        fd = os.open(args.key_out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(_ssi_xml(key))
    sim.start()
    print(f"SSI FastConnect simulator on {sim.url}")
    print(f"  consumerID     {user.consumer_id}")
    print(f"  consumerSecret {user.consumer_secret}  (demo)")
    print(f"  PIN            {user.pin}  (demo)" if args.two_factor == "PIN" else
          "  two-factor     OTP (each code GetOTP sends is printed below)")
    print(f"  account        {user.account}")
    print(f"  private key    {args.key_out or 'not saved (use --key-out)'}")
    stop = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    while not stop.wait(0.5):
        pass
    sim.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
