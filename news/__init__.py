"""Pure news logic: cleaning, country and topic tagging, summaries, stories and digests.

No Telegram and no storage imports: plain data in, plain data out, so each part can be tested and
benchmarked alone.
"""
