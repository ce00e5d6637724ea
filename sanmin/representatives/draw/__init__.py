"""The draw (代表遴选): pure algorithms on plain data, no ORM.

Modules: model (the data), alternates (how many per cell), rotation (exclusions,
the returner cap, short cells), randomness (seeded HMAC streams), ordering (one
random order per cell, members then alternates), chances, fair (the leximin lottery
over types when balance targets cut across cells), fingerprints (seed, commitment,
fingerprints), report, engine (prepare before the seed, run after it) and verify.
Services (services/draws.py) turn database rows into this module's inputs and store
what it returns.
"""
