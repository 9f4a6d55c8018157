/** An image in several widths: WebP for browsers that take it, the uploaded format for the rest. */
export interface ResponsiveImage {
  alt: string;
  /** The language of the alt text. */
  lang: string;
  width: number;
  height: number;
  src: string;
  srcset: string;
  webpSrcset: string;
  /** The largest copy in the uploaded format (Open Graph, feeds). */
  largest: { url: string; width: number; height: number; type: string };
}

/**
 * `sizes` says how wide the image is shown, so the browser picks the smallest copy that suffices; width and
 * height reserve its place before it loads.
 */
export function Picture({ image, sizes, class: className, pageLocale }: { image: ResponsiveImage; sizes: string; class?: string; pageLocale?: string }) {
  return (
    <picture class={className}>
      <source type="image/webp" srcset={image.webpSrcset} sizes={sizes} />
      <img src={image.src} srcset={image.srcset} sizes={sizes} alt={image.alt} width={image.width} height={image.height} loading="lazy" decoding="async" lang={pageLocale && pageLocale !== image.lang ? image.lang : undefined} />
    </picture>
  );
}
