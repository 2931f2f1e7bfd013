#!/usr/bin/env python3
"""Seeded data for EPIC's Siren benchmarks: 100 time steps each, one CSV per benchmark under data/.

Run from anywhere with the system python3 and numpy: `python3 benchmarks/siren/gen_data.py`. Every benchmark draws
from its own numpy Generator seeded with SEED + its index, so regenerating gives the same files byte for byte, and
changing one benchmark does not move another's data. The ground truth of each model is documented in README.md
and repeated in the comment of each function; the true trajectories are columns of the CSVs.
"""
import os

import numpy as np

SEED = 20260
STEPS = 100
HERE = os.path.dirname(os.path.abspath(__file__))


def write(name, header, rows):
    path = os.path.join(HERE, "data", name + ".csv")
    with open(path, "w") as out:
        out.write(",".join(header) + "\n")
        for row in rows:
            out.write(",".join(fmt(v) for v in row) + "\n")


def fmt(v):
    if isinstance(v, (bool, np.bool_)):
        return "1" if v else "0"
    if float(v).is_integer() and abs(v) < 1e15:
        return str(int(v))
    return repr(float(v))


def noise(rng):
    """x_t = 1.001 x_{t-1} + N(0, q), x_0 = 0; z_t = 2 x_t + N(0, r); q = 2, r = 1."""
    q, r, f, h = 2.0, 1.0, 1.001, 2.0
    x, rows = 0.0, []
    for _ in range(STEPS):
        x = f * x + rng.normal(0, np.sqrt(q))
        rows.append((x, h * x + rng.normal(0, np.sqrt(r))))
    write("noise", ["true_x", "obs"], rows)


def radar(rng):
    """x_t = x_{t-1} + 5 + N(0, q), x_0 = 0; obs_t = x_t + N(0, r); q = 2, r = 5 (the environment never interferes)."""
    q, r = 2.0, 5.0
    x, rows = 0.0, []
    for _ in range(STEPS):
        x = x + 5 + rng.normal(0, np.sqrt(q))
        rows.append((x, x + rng.normal(0, np.sqrt(r))))
    write("radar", ["true_x", "obs"], rows)


def envnoise(rng):
    """As noise: q = 2, r = 1, f = 1.001, h = 2; the rare environment noise does not occur in these 100 steps."""
    q, r, f, h = 2.0, 1.0, 1.001, 2.0
    x, rows = 0.0, []
    for _ in range(STEPS):
        x = f * x + rng.normal(0, np.sqrt(q))
        rows.append((x, h * x + rng.normal(0, np.sqrt(r))))
    write("envnoise", ["true_x", "obs"], rows)


def outlier(rng, name, prob, heavy):
    """x_1 ~ N(0, 2500), x_t = x_{t-1} + N(0, 1); with probability prob an outlier: N(0, 10000), or for the heavy
    variant x_t + StudentT(1.1) (squared scale 1); otherwise y_t = x_t + N(0, 1)."""
    x, rows = rng.normal(0, 50.0), []
    for t in range(STEPS):
        if t > 0:
            x = x + rng.normal(0, 1.0)
        if rng.random() < prob:
            y = x + rng.standard_t(1.1) if heavy else rng.normal(0, 100.0)
        else:
            y = x + rng.normal(0, 1.0)
        rows.append((x, y))
    write(name, ["true_x", "obs"], rows)


def gtree(rng):
    """a = 7.5 (fixed truth); b_t = a + N(0, 10); obs_b = b_t + N(0, 1000); obs_a = a + N(0, 1000)."""
    a, rows = 7.5, []
    for _ in range(STEPS):
        b = a + rng.normal(0, np.sqrt(10.0))
        rows.append((a, b, b + rng.normal(0, np.sqrt(1000.0)), a + rng.normal(0, np.sqrt(1000.0))))
    write("gtree", ["a", "b", "obs_b", "obs_a"], rows)


def slds(rng):
    """s_0 = false; P(s_t | s_{t-1} = false) = 0.1, P(s_t | s_{t-1} = true) = 0.75; x_t = x_{t-1} + N(0, w_s) with
    w = (0.02248262, 1.2429), x_0 = 0; y_t = x_t + N(0, v_s) with v = (2.0, 0.1)."""
    trans = (0.1, 0.75)
    process = (0.02248262, 1.2429)
    emission = (2.0, 0.1)
    s, x, rows = False, 0.0, []
    for _ in range(STEPS):
        s = bool(rng.random() < trans[int(s)])
        x = x + rng.normal(0, np.sqrt(process[int(s)]))
        rows.append((s, x, x + rng.normal(0, np.sqrt(emission[int(s)]))))
    write("slds", ["s", "x", "y"], rows)


def runner_altitude(x, y):
    """The runner's measured quantity: cubic in x above y = 50, x + 0.1 below."""
    if 50 < y:
        return 10 - 0.01 * x * x + 0.0001 * x * x * x
    return x + 0.1


def runner(rng):
    """sx_0 = sy_0 = 0.1, x_0 = y_0 = 0; x_t = x_{t-1} + sx_{t-1} + N(0, 1), likewise y; sx_t = sx_{t-1} + N(0, 0.1),
    likewise sy; sx, sy and the altitude observed with variance 1."""
    sx, sy, x, y, rows = 0.1, 0.1, 0.0, 0.0, []
    for _ in range(STEPS):
        x = x + sx + rng.normal(0, 1.0)
        y = y + sy + rng.normal(0, 1.0)
        sx = sx + rng.normal(0, np.sqrt(0.1))
        sy = sy + rng.normal(0, np.sqrt(0.1))
        a = runner_altitude(x, y)
        rows.append((sx, sy, x, y, sx + rng.normal(0, 1.0), sy + rng.normal(0, 1.0), a + rng.normal(0, 1.0)))
    write("runner", ["sx", "sy", "x", "y", "sx_obs", "sy_obs", "a_obs"], rows)


def wheels(rng):
    """velocity_0 = 5, omega_0 = 0, then random walks of variance 0.01; left = v - 2 omega + N(0, 1.0),
    right = v + 2 omega + N(0, 0.95)."""
    v, w, rows = 5.0, 0.0, []
    for t in range(STEPS):
        if t > 0:
            v = v + rng.normal(0, 0.1)
            w = w + rng.normal(0, 0.1)
        rows.append((v, w, v - 2 * w + rng.normal(0, 1.0), v + 2 * w + rng.normal(0, np.sqrt(0.95))))
    write("wheels", ["true_velocity", "true_omega", "left_wheel_rate", "right_wheel_rate"], rows)


SLAM_MAP = [True, False, False, True, True, False, True, False, False, True, False]


def slam(rng):
    """A robot on cells 0..10 of the map SLAM_MAP, starting at 0, commanded +1 until it reaches 10, then -1 until 0,
    and so on; the wheels slip (no move) with probability 0.1; the sensor reads the cell, wrong with probability 0.1."""
    x, direction, rows = 0, 1, []
    for _ in range(STEPS):
        if x == 0:
            direction = 1
        elif x == 10:
            direction = -1
        cmd = direction
        if rng.random() >= 0.1:
            x = min(10, max(0, x + cmd))
        cell = SLAM_MAP[x]
        obs = (not cell) if rng.random() < 0.1 else cell
        rows.append((x, obs, cmd))
    write("slam", ["true_x", "obs", "cmd"], rows)


def aircraft(rng):
    """x_t = x_{t-1} + N(0, q), alt_t = t / 10 (a steady climb through 5 at step 50); both observed with variance
    r = 0.1, plus 1.0 while the altitude is below 5 (the ground clutter `other` models); q = 0.1."""
    q, r, clutter = 0.1, 0.1, 1.0
    x, rows = 0.0, []
    for t in range(1, STEPS + 1):
        x = x + rng.normal(0, np.sqrt(q))
        alt = t / 10
        v = r + clutter if alt < 5 else r
        rows.append((x, alt, v, x + rng.normal(0, np.sqrt(v)), alt + rng.normal(0, np.sqrt(v))))
    write("aircraft", ["true_x", "true_alt", "true_v", "x_obs", "alt_obs"], rows)


GENERATORS = [
    ("noise", noise),
    ("radar", radar),
    ("envnoise", envnoise),
    ("outlier", lambda rng: outlier(rng, "outlier", 0.08, False)),
    ("outlierheavy", lambda rng: outlier(rng, "outlierheavy", 0.09, True)),
    ("gtree", gtree),
    ("slds", slds),
    ("runner", runner),
    ("wheels", wheels),
    ("slam", slam),
    ("aircraft", aircraft),
]

if __name__ == "__main__":
    for i, (name, gen) in enumerate(GENERATORS):
        gen(np.random.default_rng(SEED + i))
        print("wrote data/%s.csv" % name)
