// Starts GraphiQL against the endpoint this page was served from. A file of its own, not inline
// script: the page's Content-Security-Policy runs this origin's files only.
"use strict";

const fetcher = GraphiQL.createFetcher({ url: window.location.pathname });

ReactDOM.createRoot(document.getElementById("graphiql")).render(
  React.createElement(GraphiQL, {
    fetcher,
    defaultEditorToolsVisibility: true,
    isHeadersEditorEnabled: true,
    // A bearer token typed into the headers editor is not kept in the browser's storage.
    shouldPersistHeaders: false,
  }),
);
