// Atlaskit components import their extracted .compiled.css files; jsdom does not need them.
export {};
