//! The functions of a paginated operation's builder, in place of the plain `send`: `send` (the
//! first page), `send_page` (a page and the next key), the `pages` stream and, when the page's
//! list is known, the `items` stream.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{rust_type, var};
use crate::model::{Operation, Pagination};
use crate::runtime;

/// `send`, `send_page`, `pages` and (when the page's list is known) `items` of a paginated
/// operation. `output` and `finish` are the page type and the expression that decodes it from
/// `response`; `fill` and `request_mut` what `send` puts in the request; `send_doc` the doc of
/// `send`.
pub(super) fn pagination_fns(
    op: &Operation,
    p: &Pagination,
    output: &TokenStream,
    finish: &TokenStream,
    fill: &[TokenStream],
    request_mut: &TokenStream,
    send_doc: &str,
) -> TokenStream {
    let rt = runtime::path();
    let header = &p.header;
    let wire = &p.wire_param;
    let param = var(&p.param);
    // The key arrives as header text: an integer parameter (a timestamp key) parses it, and a
    // key that is not a number ends the stream with an error naming it.
    let key_is_integer = op
        .params
        .iter()
        .any(|q| q.name == p.param && q.ty.is_integer());
    let set_key = if key_is_integer {
        quote!(Some(key.parse().map_err(|_| {
            Error::invalid_input(
                Some(OPERATION.id),
                "next page key",
                format!("the server gave `{key}`, which is not an integer"),
            )
        })?))
    } else {
        quote!(Some(key))
    };
    let page_doc = format!(
        " Sends the request; the page and the key of the next one (from the `{header}` header, or a `link: <…>; rel=next` header), `None` on the last page."
    );
    let pages_doc = format!(
        " Every page, one at a time, from this request on: each next request is this one with `{wire}` set to the key the previous page gave. Stops after the last page or the first error."
    );
    let items = p.items.as_ref().map(|items| {
        let item = rust_type(&items.ty, true);
        let extract = match (&items.field, items.optional) {
            (None, _) => quote!(|page| page),
            (Some(field), true) => {
                let field = var(field);
                quote!(|page| page.#field.unwrap_or_default())
            }
            (Some(field), false) => {
                let field = var(field);
                quote!(|page| page.#field)
            }
        };
        let doc = format!(
            " Every item of every page, one page in memory at a time (see [`pages`]({}::pages)).",
            op.builder_name
        );
        quote! {
            #[doc = #doc]
            #[inline]
            pub fn items(self) -> #rt::Items<#item> {
                #rt::items(self.pages(), #extract)
            }
        }
    });
    quote! {
        #[doc = #send_doc]
        #[inline]
        pub async fn send(self) -> Result<#output, Error> {
            self.send_page().await.map(|(page, _)| page)
        }

        #[doc = #page_doc]
        #[inline]
        pub async fn send_page(self) -> Result<(#output, Option<String>), Error> {
            let #request_mut request = Request::new(&OPERATION);
            #(#fill)*
            let response = self.client.runtime.execute(request).await?;
            let next = response.next_key(#header, #wire);
            #finish.map(|page| (page, next))
        }

        #[doc = #pages_doc]
        #[inline]
        pub fn pages(self) -> #rt::Pages<#output> {
            #rt::pages(
                self,
                OPERATION.id,
                |mut builder: Self, key| {
                    builder.#param = #set_key;
                    Ok(builder)
                },
                Self::send_page,
            )
        }

        #items
    }
}
