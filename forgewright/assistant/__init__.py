"""The LLM front-end: plain English → a checked appspec, refined over a chat.

Modules, in the order a request flows through them:

``config``    model id, API key, limits — each defined once
``prompt``    the only place that builds request bodies, from typed inputs only (the boundary)
``envelope``  the strict tool the model answers through, and its parsed form
``client``    the SDK client (with the opt-in audit hook) and one call → one :class:`Reply`
``repair``    generate → check → repair (at most twice) → an :class:`Outcome`
``chat``      the state of a chat session: versions, undo, spec and scope diffs
``scopes``    the one adapter between a spec and the compiler's scope plan
``audit``     the opt-in log of request bodies actually sent
"""
