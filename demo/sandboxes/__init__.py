"""What the built-in sandboxes share, so each keeps only what is its service's own: the settings
every sandbox is started with, API tokens checked for its audience and allowed actors, the login
on its pages (PKCE, `state`, `nonce`, sessions, cookies per sandbox), its pages rendered on a
common base template, and every refusal answered in one shape.

Not part of the SDK's surface for connector authors; a sandbox is built like this::

    class Sandbox(SandboxBase[MySandboxConfig]):
        def __init__(self, config: MySandboxConfig, http: httpx.AsyncClient) -> None:
            super().__init__(config, http, templates="my_connector.sandbox")
            self.store = MyStore(...)

    app = sandbox_app(lambda http: Sandbox(config, http), user_agent="my-sandbox/0.1", routers=[...])
"""
