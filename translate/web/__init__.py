"""News from the web: pages fetched over HTTP or saved to disk, extracted into articles.

``extract`` turns a page's HTML into an article (trafilatura finds the story
and its metadata); ``fetch`` gets a page over HTTP; ``store`` keeps fetched
pages in the cache folder so that a URL is fetched once. Nothing here knows
about models or translation.
"""
