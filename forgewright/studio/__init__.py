"""``forgewright studio``: the assistant, the spec, its preview, scopes, audit, build and deploy in one page.

A local web app for people who prefer a browser to a terminal. Everything it does is done by the same
functions the commands use; this package only puts them side by side:

- :mod:`~forgewright.studio.project`: the spec file (the source of truth) and its versions, with undo and
  redo, and edits made outside the studio noticed;
- :mod:`~forgewright.studio.views`: what the panels show for a spec text (diagnostics, scopes, audit,
  preview), computed by the checker, the compiler and the preview target;
- :mod:`~forgewright.studio.conversation`: chat turns through the assistant's own repair loop, questions
  answered in the page;
- :mod:`~forgewright.studio.shipping`: build (a folder through the guarded writer, or a zip) and deploy
  (the deploy runner, the token only in the Forge CLI's environment);
- :mod:`~forgewright.studio.events`: what the page learns without asking (progress, new versions);
- :mod:`~forgewright.studio.guard`: who may talk to the server (secret, cookie, Host, Origin);
- :mod:`~forgewright.studio.lock`: one studio per spec file;
- :mod:`~forgewright.studio.app` and :mod:`~forgewright.studio.server`: the routes and the process.

The page itself (``static/``) is plain HTML, CSS and JavaScript modules: no build step, no CDN.
"""
