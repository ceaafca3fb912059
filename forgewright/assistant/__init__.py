"""The LLM front-end: plain English → a checked appspec, refined over a chat.

Modules, in the order a request flows through them:

``config``    model id, API key, limits, timeouts — each defined once
``prompt``    the only place that builds request bodies, from typed inputs only (the boundary)
``envelope``  the strict tool the model answers through, and its parsed form
``client``    the SDK client (with the opt-in audit hook), our retries, one call → one ``Reply``;
              the only module that imports the Anthropic SDK
``answer``    reading a 200 answer ourselves, so a malformed one is a clear message
``errors``    how a call fails: one sentence, an exit code, what it cost
``progress``  elapsed time, retries and usage on stderr, terminal or not
``repair``    generate → check → repair, at most three calls per request, questions included
``service``   what ``new`` and ``chat`` share: the assistant, its totals, questions, drafts
``session``   spec and draft file names, saving, the chat's versions and spec diff
``scopes``    the one adapter between a spec and the compiler's scope plan
``audit``     the opt-in log of request bodies actually sent
``options``   the options ``new`` and ``chat`` share
"""
