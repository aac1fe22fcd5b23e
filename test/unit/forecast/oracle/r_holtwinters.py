#!/usr/bin/env python3
"""Independent oracle for R's stats::HoltWinters with fixed smoothing parameters (no optimisation).

A line-by-line transcription, in plain Python floats, of
  - R stats::decompose (centred moving average, seasonal figure),
  - the start values of stats::HoltWinters (start.periods = 2: l.start/b.start from .lm.fit on the
    decomposed trend, s.start = the seasonal figure, start.time = f + 1),
  - the C loop C_HoltWinters (R src/library/stats/src/HoltWinters.c),
  - predict.HoltWinters (fit = a + h*b (+|*) s[(h-1) %% f + 1]).
Run: python3 r_holtwinters.py > ../fixtures/airpassengers_r_hw.json
The data is ../../../../../shared/bench/forecast/data/airpassengers.csv (R datasets::AirPassengers).
"""
import csv, json, os, sys

def decompose(x, f, mult):
    n = len(x)
    w = [0.5] + [1.0] * (f - 1) + [0.5] if f % 2 == 0 else [1.0] * f
    w = [v / f for v in w]
    o = len(w) // 2
    trend = [None] * n
    for i in range(o, n - o):
        trend[i] = sum(w[j] * x[i - o + j] for j in range(len(w)))
    season = [None if trend[i] is None else (x[i] / trend[i] if mult else x[i] - trend[i]) for i in range(n)]
    fig = []
    for i in range(f):
        vals = [season[k] for k in range(i, n, f) if season[k] is not None]
        fig.append(sum(vals) / len(vals))
    mean = sum(fig) / f
    fig = [v / mean if mult else v - mean for v in fig]
    return trend, fig

def lm_line(yv):
    # .lm.fit(cbind(1, seq_along(y)), y): least squares intercept and slope on x = 1..n
    n = len(yv); xs = list(range(1, n + 1))
    mx = sum(xs) / n; my = sum(yv) / n
    b = sum((a - mx) * (c - my) for a, c in zip(xs, yv)) / sum((a - mx) ** 2 for a in xs)
    return my - b * mx, b

def holtwinters(x, f, alpha, beta, gamma, mult):
    trend, fig = decompose(x[: 2 * f], f, mult)
    l0, b0 = lm_line([v for v in trend if v is not None])
    n = len(x); start_time = f + 1
    ln = n - start_time + 1
    level = [0.0] * (ln + 1); tr = [0.0] * (ln + 1); season = [0.0] * (ln + f)
    level[0] = l0; tr[0] = b0
    season[:f] = fig
    sse = 0.0; xhat_all = []
    for i in range(start_time - 1, n):
        i0 = i - start_time + 2
        s0 = i0 + f - 1
        xhat = level[i0 - 1] + tr[i0 - 1]
        stmp = season[s0 - f]
        xhat = xhat * stmp if mult else xhat + stmp
        xhat_all.append(xhat)
        res = x[i] - xhat
        sse += res * res
        if mult:
            level[i0] = alpha * (x[i] / stmp) + (1 - alpha) * (level[i0 - 1] + tr[i0 - 1])
        else:
            level[i0] = alpha * (x[i] - stmp) + (1 - alpha) * (level[i0 - 1] + tr[i0 - 1])
        tr[i0] = beta * (level[i0] - level[i0 - 1]) + (1 - beta) * tr[i0 - 1]
        if mult:
            season[s0] = gamma * (x[i] / level[i0]) + (1 - gamma) * stmp
        else:
            season[s0] = gamma * (x[i] - level[i0]) + (1 - gamma) * stmp
    a = level[ln]; b = tr[ln]; s = season[ln: ln + f]
    fc = [((a + h * b) * s[(h - 1) % f]) if mult else (a + h * b + s[(h - 1) % f]) for h in range(1, 25)]
    return dict(l_start=l0, b_start=b0, s_start=fig, fitted=xhat_all, sse=sse, a=a, b=b, s=s, forecast=fc)

here = os.path.dirname(os.path.abspath(__file__))
path = os.path.join(here, '..', '..', '..', '..', '..', 'shared', 'bench', 'forecast', 'data', 'airpassengers.csv')
x = [float(r['value']) for r in csv.DictReader(open(path))]
out = {
    'data': x,
    'source': 'test/unit/forecast/oracle/r_holtwinters.py (transcription of R stats::HoltWinters, decompose, C_HoltWinters, predict.HoltWinters)',
    'additive': dict(alpha=0.2479595, beta=0.03453373, gamma=1.0, **holtwinters(x, 12, 0.2479595, 0.03453373, 1.0, False)),
    'multiplicative': dict(alpha=0.2755925, beta=0.03269295, gamma=0.8707292, **holtwinters(x, 12, 0.2755925, 0.03269295, 0.8707292, True)),
    'fixed_030_010_010_additive': dict(alpha=0.3, beta=0.1, gamma=0.1, **holtwinters(x, 12, 0.3, 0.1, 0.1, False)),
}
json.dump(out, sys.stdout, indent=1)
