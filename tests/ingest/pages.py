"""Web pages built around real text for the ingest tests."""

from __future__ import annotations

import html


def seed_page(seed_text: str) -> tuple[str, str, list[str]]:
    """The seed article as a WordPress-style page, with a menu, breadcrumbs, a photo caption,
    a "Check Also" block and a comment form around it.  Returns the page, the article's
    title, and its paragraphs: the text a reader of the page would call the article."""
    paras = [p.strip() for p in seed_text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    # the text file starts with the page furniture (breadcrumbs, caption), then the title
    title = paras[1]
    check_also = next(i for i, p in enumerate(paras) if p.startswith("Check Also"))
    body, related = paras[2:check_also], paras[check_also + 1:check_also + 3]
    e = html.escape
    article = "\n".join(f"<p>{e(p)}</p>" for p in body)
    page = f"""<!DOCTYPE html>
<html lang="en-US"><head><meta charset="UTF-8"><title>{e(title)} &#8211; Example Monitor</title></head>
<body class="post-template-default single">
<div id="wrapper">
<nav class="main-menu"><ul id="menu-main"><li><a href="/">Home</a></li><li><a href="/c/al-qaeda">Al Qaeda</a></li>
<li><a href="/c/iran">Iran</a></li><li><a href="/c/terrorism">Terrorism</a></li></ul></nav>
<div class="content">
<div id="crumbs"><a href="/">Home</a> / <a href="/c/al-qaeda">Al Qaeda</a> /
<span class="current">{e(title)}</span></div>
<div class="post-inner">
<div class="single-post-thumb"><img src="/uploads/trump.jpg" alt=""></div>
<div class="single-post-caption">US President Donald Trump, Image credit: flickr</div>
<h1 class="name post-title entry-title"><span itemprop="name">{e(title)}</span></h1>
<div class="entry">
{article}
</div>
<section id="check-also-box" class="post-listing check-also-right">
<div class="block-head"><h3>Check Also</h3></div>
<div class="check-also-post"><h2 class="post-title"><a href="/why">{e(related[0])}</a></h2><p>{e(related[1])}</p></div>
</section>
</div>
<div id="comments"><div id="respond" class="comment-respond">
<h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3>
<form action="/wp-comments-post.php" method="post" id="commentform" class="comment-form">
<p class="comment-notes"><span id="email-notes">Your email address will not be published.</span>
Required fields are marked <span class="required">*</span></p>
<p class="comment-form-comment"><label for="comment">Comment</label>
<textarea id="comment" name="comment"></textarea></p>
<p class="comment-form-author"><label for="author">Name *</label> <input id="author" name="author" type="text"></p>
<p class="form-submit"><input name="submit" type="submit" id="submit" value="Post Comment"></p>
</form></div></div>
</div></div>
<footer><p>&copy; 2019 Example Monitor. All rights reserved.</p></footer>
</body></html>"""
    return page, title, body
