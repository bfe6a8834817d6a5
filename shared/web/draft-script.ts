/**
 * The one script of the pages, inline (no extra request on a slow link), allowed by its hash in
 * the Content-Security-Policy. Every page works without it; with it, a form marked
 * `data-keep="<key>"`:
 * - keeps what is typed in localStorage (under the user's name and the form's key), never the
 *   fields marked `data-private` (survivors' personal data stays off the device);
 * - puts it back when the form is opened again (after a crash, a closed tab, a lost connection)
 *   and says so;
 * - when the phone is offline at "send", keeps the entry and sends it by itself as soon as the
 *   connection is back (`online`), as a normal form post;
 * - forgets it once the server confirmed the save (`<body data-saved="<key>">`), and at sign-out.
 */
export const DRAFT_SCRIPT = `(function(){var d=document,b=d.body,u=b.getAttribute("data-user")||"",P="p8draft:"+u+":",L=window.localStorage;if(!L)return;
var s=b.getAttribute("data-saved");if(s)L.removeItem(P+s);
d.addEventListener("click",function(e){var a=e.target.closest&&e.target.closest("a[data-signout]");if(a)for(var i=L.length-1;i>=0;i--){var k=L.key(i);if(k&&k.indexOf("p8draft:")===0)L.removeItem(k)}});
var f=d.querySelector("form[data-keep]");if(!f)return;var K=P+f.getAttribute("data-keep"),q=null,w=false,ok=function(e){return e.name&&e.name.charAt(0)!=="_"&&!e.hasAttribute("data-private")&&e.type!=="hidden"&&e.type!=="submit"&&e.type!=="file"&&e.type!=="button"};
function save(){var o={};for(var i=0;i<f.elements.length;i++){var e=f.elements[i];if(ok(e))o[e.name]=e.type==="checkbox"||e.type==="radio"?(e.checked?e.value:o[e.name]):e.value}try{L.setItem(K,JSON.stringify(o))}catch(x){}}
try{var v=JSON.parse(L.getItem(K)||"null"),c=0;if(v)for(var n in v){var e=f.elements[n];if(e&&ok(e)&&e.value!==v[n]&&v[n]!==undefined){e.value=v[n];c++}}if(c){var r=d.getElementById("p8-restored");if(r)r.hidden=false}}catch(x){}
f.addEventListener("input",save);f.addEventListener("change",save);
f.addEventListener("submit",function(e){save();if(navigator.onLine===false){e.preventDefault();w=true;q=e.submitter||null;var o=d.getElementById("p8-offline");if(o)o.hidden=false}});
window.addEventListener("online",function(){if(!w)return;w=false;var t=q;q=null;if(f.requestSubmit)f.requestSubmit(t||undefined);else f.submit()});
var x=d.getElementById("p8-discard");if(x)x.addEventListener("click",function(){L.removeItem(K);location.reload()})})();`;

/**
 * The CSP source that allows exactly this script: its SHA-256, written here rather than hashed
 * at every cold start (test/unit/web-pages.test.ts hashes the script and compares).
 */
export const DRAFT_SCRIPT_CSP = "'sha256-hHwJh+okuzQkqt63Gt10bMTLe/xsm3LgJZWQNbmhjkc='";
