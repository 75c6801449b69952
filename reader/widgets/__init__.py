"""The reader's own widgets: the paragraph-pair view and its layout."""
