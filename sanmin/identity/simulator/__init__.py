"""The local 爱山东 simulator: the provider's side of the ticket protocol.

Served under /identity/simulator/ only when AISHANDONG_SIMULATOR_ENABLED; it exists so
that the whole citizen sign-in runs end to end, over HTTP, on a machine with no access
to the provincial platform (demos, tests, training). Everyone it signs in is
synthetic and marked 演示数据.
"""
