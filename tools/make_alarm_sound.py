"""Write resources/sounds/alarm.wav: a two-tone alarm (960/770 Hz, 0.25 s each), loud but
not clipped, 22.05 kHz mono 16-bit. Kept in the repository; this says how it was made."""
from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22050
OUT = Path(__file__).resolve().parent.parent / "resources" / "sounds" / "alarm.wav"


def tone(freq: float, seconds: float, volume: float = 0.6) -> list[int]:
    n = int(RATE * seconds)
    fade = int(RATE * 0.01)  # 10 ms ramps: no clicks at the joins
    out = []
    for i in range(n):
        ramp = min(1.0, i / fade, (n - i) / fade)
        out.append(int(32767 * volume * ramp * math.sin(2 * math.pi * freq * i / RATE)))
    return out


def main() -> None:
    samples = tone(960, 0.25) + tone(770, 0.25) + [0] * int(RATE * 0.1)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(OUT), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(struct.pack(f"<{len(samples)}h", *samples))
    print(f"wrote {OUT} ({len(samples) / RATE:.2f} s)")


if __name__ == "__main__":
    main()
