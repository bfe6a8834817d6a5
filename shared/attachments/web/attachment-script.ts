/**
 * The attachment form's script, inline and allowed by its hash. Without it the form sends the
 * file to the server (multipart, at most 4 MiB). With it, on "send":
 * - a photo (JPEG or PNG) is resized in the browser to at most 1600 px on its longer side and
 *   re-encoded as JPEG (quality 0.8) when that makes it smaller: a 4 MB phone photo leaves the
 *   phone at a few hundred KB on a slow link;
 * - the page asks its own server for a presigned upload (`op=presign`: kind, type, size),
 *   PUTs the file straight to S3 with the headers it was given, then posts `op=confirm`
 *   (the server reads the file, checks it and attaches it) as a normal form, which answers 303.
 * A failure is shown in the form's status line; nothing is attached until it is confirmed.
 */
export const ATTACHMENT_SCRIPT = `(function(){var d=document,f=d.querySelector("form[data-attach]");if(!f||!window.fetch||!window.FormData)return;
var st=f.querySelector("[data-attach-status]"),M=1600;function say(t){if(st){st.hidden=false;st.textContent=t}}
function shrink(file){if(!/^image\\/(jpeg|png)$/.test(file.type)||!window.createImageBitmap)return Promise.resolve(file);return createImageBitmap(file).then(function(b){var s=Math.min(1,M/Math.max(b.width,b.height)),c=d.createElement("canvas");c.width=Math.round(b.width*s);c.height=Math.round(b.height*s);c.getContext("2d").drawImage(b,0,0,c.width,c.height);return new Promise(function(r){c.toBlob(function(o){r(o&&(o.size<file.size||s<1)?o:file)},"image/jpeg",0.8)})}).catch(function(){return file})}
function field(n){var e=f.elements[n];return e?e.value:""}
f.addEventListener("submit",function(e){var inp=f.elements.file,file=inp&&inp.files&&inp.files[0];if(!file)return;e.preventDefault();var btn=f.querySelector("button");if(btn)btn.disabled=true;say(f.getAttribute("data-busy")||"...");
shrink(file).then(function(blob){var type=blob.type||file.type,q=new URLSearchParams({_csrf:field("_csrf"),op:"presign",kind:field("kind"),contentType:type,size:String(blob.size),back:field("back")});
return fetch(f.action,{method:"POST",body:q,credentials:"same-origin"}).then(function(r){return r.json().then(function(j){if(!r.ok)throw new Error(j.detail||j.title||r.status);return j})}).then(function(t){return fetch(t.upload.url,{method:"PUT",headers:t.upload.headers,body:blob}).then(function(u){if(!u.ok)throw new Error("S3 "+u.status);return t})})}).then(function(t){var g=d.createElement("form");g.method="post";g.action=f.action;var v={_csrf:field("_csrf"),op:"confirm",attachmentId:t.attachmentId,back:field("back")};for(var k in v){var i=d.createElement("input");i.type="hidden";i.name=k;i.value=v[k];g.appendChild(i)}d.body.appendChild(g);g.submit()}).catch(function(x){if(btn)btn.disabled=false;say((f.getAttribute("data-failed")||"")+" "+x.message)})})})();`;

/** The CSP source that allows exactly this script (test/unit/attachments checks the hash). */
export { ATTACHMENT_SCRIPT_CSP } from "./attachment-csp.ts";
