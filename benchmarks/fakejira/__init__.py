"""A fake Jira Cloud for the scale benchmark: seeded data, a JQL evaluator and an HTTP server with real latency.

Generated apps run their bundled resolver against it over HTTP (tests/toolchain/bin/run-resolver-http.mjs),
so parallel requests really overlap, every request is counted in Jira's points, and each value an app shows
can be set beside the true value the evaluator computes over the same data.

    data = generate(DataSize(issues=10_000))                    # benchmarks.fakejira.generate
    with FakeJiraServer(data, ServerConfig(latency=0.3)) as server:  # benchmarks.fakejira.server
        ...  # point the harness at server.url, then read server.meter
"""
