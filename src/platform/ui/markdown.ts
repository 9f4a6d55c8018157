import MarkdownIt from 'markdown-it';

// Raw HTML in content is not rendered (html: false): editors write Markdown, readers get escaped text.
const md = new MarkdownIt({ html: false, linkify: true, typographer: true });

/** Content Markdown to safe HTML (markdown-it escapes HTML and refuses javascript: and data: links). */
export const renderMarkdown = (text: string): string => md.render(text);
