-- The grammatical gender of an added channel's label, chosen by its admin: French pages
-- agree its reach with it (« Lettre partenaire privée »), as they do for the built-in
-- channels, whose genders are in locales/. Channels added before read as masculine, as they did.
ALTER TABLE custom_channels ADD COLUMN gender TEXT NOT NULL DEFAULT 'masculine'
    CHECK (gender IN ('masculine', 'feminine'));
