/** `response_mode=form_post`: submits the page's form (to the client's redirect URI) as soon as it is parsed. */
const form = document.getElementById('okta-form-post');
if (form instanceof HTMLFormElement) form.submit();

// A module, not a global script: its names stay its own.
export {};
