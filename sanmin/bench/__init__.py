"""`sanmin bench ballots`: a bounded ballot burst against the production server.

dataset.py makes the data (roster, citizens already signed in, an open session),
driver.py is the load driver (a separate process, asyncio + aiohttp, no Django),
check.py checks that every acknowledged ballot is stored exactly once, runner.py
starts and stops everything and prints the figures, views.py is the bare endpoint
that is mounted only in benchmark mode (settings.SANMIN_BENCH).
"""
