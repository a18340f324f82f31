// Notes may use Markdown. It is rendered to React elements, never to HTML strings: raw HTML in
// the text is dropped and only http(s) and mailto links survive.
import ReactMarkdown from 'react-markdown';

function safeUrl(url: string): string {
  return /^(https?:|mailto:)/i.test(url) ? url : '';
}

export function Markdown({ text }: { text: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown skipHtml urlTransform={safeUrl}
        components={{ a: ({ href, children }) => <a href={href} rel="noopener noreferrer nofollow" target="_blank">{children}</a>,
                      img: ({ alt }) => <span>{alt}</span> }}>
        {text}
      </ReactMarkdown>
    </div>
  );
}
