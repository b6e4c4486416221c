"""The item editor: a clerk writes an item's minutes as one text in the published layout, with a live preview, and
saves it onto the structured record (`merge` matches the text to the rows; `views` is the admin page)."""
