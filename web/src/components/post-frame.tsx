import type { ReactNode } from 'react';

export type Platform = 'instagram' | 'facebook' | 'linkedin' | 'x';
export const platformNames: Record<Platform, string> = {
  instagram: 'Instagram',
  facebook: 'Facebook',
  linkedin: 'LinkedIn',
  x: 'X',
};

/** A post as it will look on its network: header, images in the network's layout, text, actions. */
export function PostFrame({
  platform,
  handle,
  text,
  images,
  footer,
}: {
  platform: Platform;
  handle: string;
  text: ReactNode;
  images: { url: string; alt: string }[];
  footer?: ReactNode;
}) {
  const header = (
    <header className="frame-head">
      <span className="avatar" aria-hidden="true">
        {handle.slice(0, 1).toUpperCase()}
      </span>
      <span>
        <strong>{platform === 'x' || platform === 'instagram' ? `@${handle}` : handle}</strong>
        <small className="muted"> · {platformNames[platform]}</small>
      </span>
    </header>
  );
  const gallery = images.length > 0 && (
    <div className={`frame-media count-${Math.min(images.length, 4)}`}>
      {images.slice(0, platform === 'x' ? 4 : 1).map((image) => (
        <img key={image.url} src={image.url} alt={image.alt} loading="lazy" />
      ))}
      {platform === 'instagram' && images.length > 1 && (
        <span className="carousel-dots">1/{images.length}</span>
      )}
    </div>
  );
  return (
    <article className={`frame frame-${platform}`} aria-label={`${platformNames[platform]} post preview`}>
      {header}
      {platform === 'instagram' ? (
        <>
          {gallery}
          <div className="frame-actions" aria-hidden="true">
            ♡ 💬 ↗
          </div>
          <div className="frame-text">
            <strong>{handle}</strong> {text}
          </div>
        </>
      ) : (
        <>
          <div className="frame-text">{text}</div>
          {gallery}
          <div className="frame-actions" aria-hidden="true">
            {platform === 'x'
              ? '💬 ⟲ ♡'
              : platform === 'linkedin'
                ? 'Like · Comment · Repost'
                : 'Like · Comment · Share'}
          </div>
        </>
      )}
      {footer}
    </article>
  );
}
