"""Deploying a built app to a Jira site through Atlassian's Forge CLI, or printing how to do it by hand.

The modules, from the outside in:

- ``lock``: read a build's ``forgewright.lock`` (the folder itself is checked by ``forgewright.integrity``,
  the same check ``verify`` runs);
- ``spec_id``: write the id ``forge register`` gave the app back into the spec (a pure text edit);
- ``manifest``: what the deploy needs from ``manifest.yml`` (the app id, where the modules show up in Jira);
- ``secrets``: the Atlassian email and API token;
- ``redact``: masking the token in anything shown, in every form output may carry it;
- ``forge_cli``: finding the Forge CLI (on ``PATH`` or through npx) and the exact commands to run;
- ``steps``: running one child process as a named step, with redacted output and plain explanations;
- ``scopes``: the scope review, and what an earlier deploy to the same site granted;
- ``manual``: the instructions printed by ``--manual``;
- ``runner``: the automatic deploy, chaining all of the above.

The token lives only in the environment handed to the Forge CLI child processes: see ``secrets``.
"""
