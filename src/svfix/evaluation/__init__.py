"""Measuring svfix: metrics, the ``svfix bench`` machinery, peer baselines and a seeded
noise generator. The engine never imports this package."""
